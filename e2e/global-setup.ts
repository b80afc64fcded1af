// Bundles the shop's page script before the end-to-end tests, so they run against the sources as
// written without a prior `pnpm run build`.
import { bundleShopScript } from '../examples/shop/scripts/bundle.mjs';

export default async function setup(): Promise<void> {
  await bundleShopScript();
}
