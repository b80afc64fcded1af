// Starts the example shop with the local fakes. Replaced by the shop's own launcher once it exists.
console.error('The demo is not built yet: examples/shop does not exist in this checkout.');
process.exit(1);
