// The Pinterest Tag: the standard `pintrk` queue stub, the tag script and the `load` command.

import { hashEmail, ValidationError } from '@pinpair/core';

/** The global `pintrk` function: the stub queues its calls until the tag script replaces it. */
export interface Pintrk {
  (...args: unknown[]): void;
  queue?: unknown[][];
  version?: string;
}

/** Settings of {@link createPinterestTag}. */
export interface PinterestTagOptions {
  window: Window;
  document: Document;
  tagId: string;
  tagScriptUrl: string;
  /** Raw e-mail address for enhanced match; only its SHA-256 digest leaves the browser. */
  email: string | undefined;
  /** Receives problems that do not stop the tag, such as an e-mail address that is not valid. */
  onError(error: unknown): void;
}

/** The tag on this page. */
export interface PinterestTag {
  /**
   * Installs the stub, loads the tag script and sends `load` with the hashed e-mail. Runs once:
   * later calls return the first call's promise, which never rejects.
   */
  start(): Promise<void>;
  /** Tells whether `load` has been sent, so that events may follow it. */
  isReady(): boolean;
  /** Calls `pintrk(...args)`, through the stub until the script has loaded. */
  send(...args: unknown[]): void;
}

/** Creates the {@link PinterestTag} for one tag id. Nothing happens until `start()`. */
export function createPinterestTag(options: PinterestTagOptions): PinterestTag {
  const target = options.window as unknown as { pintrk?: Pintrk };
  let started: Promise<void> | undefined;
  let ready = false;

  async function start(): Promise<void> {
    // Hash first, so that `load` is the first command in the queue whenever the script arrives.
    let em: string | undefined;
    if (options.email) {
      try {
        em = await hashEmail(options.email);
        if (em === undefined) {
          throw new ValidationError(
            'Invalid `enhancedMatch.email`: not an e-mail address, so the tag loads without enhanced match.',
            { field: 'enhancedMatch.email' },
          );
        }
      } catch (error) {
        options.onError(error);
      }
    }

    // A page that already has `pintrk` also has the script that comes with it.
    const installed = installStub(target);
    send('load', options.tagId, ...(em === undefined ? [] : [{ em }]));
    ready = true;
    if (!installed) return;

    const script = options.document.createElement('script');
    script.async = true;
    script.src = options.tagScriptUrl;
    options.document.head.appendChild(script);
  }

  function send(...args: unknown[]): void {
    target.pintrk?.(...args);
  }

  return {
    start() {
      started ??= start();
      return started;
    },

    isReady: () => ready,

    send,
  };
}

/**
 * Defines `window.pintrk` as Pinterest's standard queue stub unless the page already has one, and
 * returns whether it installed the stub.
 */
function installStub(target: { pintrk?: Pintrk }): boolean {
  if (target.pintrk) return false;

  const stub: Pintrk = (...args: unknown[]) => {
    stub.queue?.push(args);
  };
  stub.queue = [];
  stub.version = '3.0';
  target.pintrk = stub;
  return true;
}
