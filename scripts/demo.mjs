// `npm run demo` (or `pnpm demo`): installs when needed and builds, then starts the example shop with
// the local fakes of Pinterest and PostHog on 127.0.0.1 and prints their URLs. Ctrl-C stops everything.
// Flags: --no-build skips the build (for a restart after one).
import { ensureInstalled, runPnpm } from './bootstrap.mjs';

const flags = process.argv.slice(2);
const unknownFlags = flags.filter((flag) => flag !== '--no-build');
if (unknownFlags.length > 0) {
  fail(
    `Unknown option ${unknownFlags.map((flag) => JSON.stringify(flag)).join(', ')}. The demo takes only --no-build.`,
  );
}
const skipBuild = flags.includes('--no-build');

// posthog-node 5 needs Node.js 20.20 or later on the 20 line, and 22.22 or later after it.
const [major, minor] = process.versions.node.split('.').map(Number);
const supported = (major === 20 && minor >= 20) || (major === 22 && minor >= 22) || major > 22;
if (!supported) fail(`pinpair needs Node.js 20.20+ or 22.22+; this is ${process.version}.`);

// A fresh clone has no node_modules yet, and a pull may change the lockfile: the pinned pnpm
// installs when node_modules does not match the lockfile, then everything is built.
ensureInstalled();
if (!skipBuild) runPnpm(['run', 'build']);

const { loadShopConfig, startShop } = await import('../examples/shop/dist/index.js');

let config;
try {
  config = loadShopConfig(process.env);
} catch (error) {
  fail(error.message);
}

const shop = await startShop({
  host: config.host,
  port: config.port,
  databasePath: config.databasePath,
  outboxPath: config.outboxPath,
  trustedProxies: config.trustedProxies,
  pinterest: config.pinterest,
  posthog: config.posthog,
  fakes: {
    pinterest: { host: config.host, port: config.fakePinterestPort },
    posthog: { host: config.host, port: config.fakePostHogPort },
  },
  logger: createConsoleLogger(),
}).catch((error) => {
  const hint =
    error.code === 'EADDRINUSE'
      ? ' Another program uses that port: stop it or set SHOP_PORT, PINPAIR_FAKE_PINTEREST_PORT or PINPAIR_FAKE_POSTHOG_PORT.'
      : '';
  fail(`The demo could not start: ${error.message}.${hint}`);
});

const { pinterest, posthog } = shop.fakes;
console.log(`
  pinpair demo is running.

  Shop            ${shop.url}/?epik=demo-click-id
  Dedup report    ${pinterest ? pinterest.reportUrl : `real Pinterest, ad account ${config.pinterest.adAccountId} in test mode`}
  PostHog events  ${posthog ? `${posthog.eventsUrl}  (JSON)` : `real PostHog at ${config.posthog.host}`}
  Outbox          ${config.outboxPath}  (pnpm exec pinpair outbox --db ${config.outboxPath})

  Buy something, then open the dedup report: the checkout shows up once, from the tag and
  the Conversions API, with one event id. The PostHog events address returns the events the
  fake PostHog recorded as JSON, for a browser's JSON viewer or curl. Press Ctrl-C to stop.
`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (stopping) {
      console.error('Stopping immediately.');
      process.exit(1);
    }
    stopping = true;
    console.log(`\nStopping (${signal}): delivering what is queued, then closing the shop and the fakes…`);
    shop.close({ timeoutMs: 5000 }).then(
      () => process.exit(0),
      (error) => fail(`The demo did not stop cleanly: ${error.message}`),
    );
  });
}

/** Creates a logger for people watching the terminal: time, message, then the fields as key=value. */
function createConsoleLogger() {
  const write = (stream, level) => (fields, message) => {
    const time = new Date().toISOString().slice(11, 19);
    const details = Object.entries(fields)
      .filter(([, value]) => value !== undefined)
      .map(
        ([key, value]) =>
          `${key}=${value instanceof Error ? value.message : typeof value === 'string' ? value : JSON.stringify(value)}`,
      )
      .join(' ');
    stream.write(`${time} ${level.padEnd(5)} ${message}${details ? `  ${details}` : ''}\n`);
  };
  return {
    debug: () => {},
    info: write(process.stdout, 'info'),
    warn: write(process.stderr, 'warn'),
    error: write(process.stderr, 'error'),
  };
}

function fail(message) {
  console.error(message);
  process.exit(1);
}
