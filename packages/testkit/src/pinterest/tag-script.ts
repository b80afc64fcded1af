// Source of the fake Pinterest Tag (`/ct/core.js`): consumes the `pintrk` queue and sends `/v3/` beacons.

/**
 * Returns the fake `core.js` for a fake whose beacons go to `origin` (such as
 * `http://127.0.0.1:41234`).
 *
 * The script is plain ES2017 so it runs wherever the shop's pages run. It takes over the standard
 * stub: it replays `window.pintrk.queue`, then replaces `window.pintrk` with a function that handles
 * `load`, `page`, `track`, `set` and `setconsent` directly. Each `load`, `page` and `track` sends one
 * image beacon per loaded tag id, `GET /v3/?tid&event&ed&ad&pd&cb`, like the real tag. Event names
 * are lowercase on the wire and `ed` is the event data as JSON. `ad` contains the page URL (`loc`),
 * referrer (`ref`), iframe flag and screen size, `pd` the partner data with `em` hashed with
 * SHA-256, and `cb` the time in milliseconds. Calls run in order, because hashing is asynchronous.
 *
 * It sets no cookies: the real tag's cookie formats are not documented, and a fake that wrote
 * `_epik` would hide whether the shop's own code respects consent. `setconsent(false)` drops
 * beacons until `setconsent(true)`; Pinterest does not document the real tag's behaviour.
 */
export function renderTagScript(origin: string): string {
  return `/* pinpair testkit: fake Pinterest Tag. Sends beacons to ${origin}, never to Pinterest. */
(function () {
  'use strict';
  var BEACON_URL = ${JSON.stringify(`${origin}/v3/`)};
  var SHA256_HEX = /^[0-9a-f]{64}$/;
  var previous = window.pintrk;
  if (previous && previous.pinpairFake) return;

  var tagIds = [];
  var partnerData = {};
  var consented = true;
  var chain = Promise.resolve();
  var pendingImages = [];

  function hashEmail(value) {
    var normalized = String(value).trim().toLowerCase();
    if (SHA256_HEX.test(normalized)) return Promise.resolve(normalized);
    if (!window.crypto || !window.crypto.subtle || typeof TextEncoder === 'undefined') {
      console.warn('[pinpair testkit tag] crypto.subtle is unavailable here; the em value is left out.');
      return Promise.resolve(undefined);
    }
    return window.crypto.subtle.digest('SHA-256', new TextEncoder().encode(normalized)).then(function (digest) {
      return Array.prototype.map.call(new Uint8Array(digest), function (byte) {
        return ('0' + byte.toString(16)).slice(-2);
      }).join('');
    });
  }

  function mergePartnerData(data) {
    if (!data || typeof data !== 'object') return Promise.resolve();
    var keys = Object.keys(data);
    var hashing = [];
    keys.forEach(function (key) {
      if (key === 'em') {
        hashing.push(hashEmail(data.em).then(function (hashed) {
          if (hashed === undefined) delete partnerData.em;
          else partnerData.em = hashed;
        }));
      } else {
        partnerData[key] = data[key];
      }
    });
    return Promise.all(hashing);
  }

  function automaticData() {
    var inIframe = false;
    try { inIframe = window.top !== window.self; } catch (error) { inIframe = true; }
    return {
      loc: window.location.href,
      ref: document.referrer,
      if: inIframe,
      sh: window.screen ? window.screen.height : 0,
      sw: window.screen ? window.screen.width : 0
    };
  }

  function wireName(name) {
    return String(name).replace(/\\s+/g, '').toLowerCase();
  }

  function sendBeacon(tagId, eventName, eventData) {
    var parts = [
      'tid=' + encodeURIComponent(tagId),
      'event=' + encodeURIComponent(eventName)
    ];
    if (eventData && typeof eventData === 'object') parts.push('ed=' + encodeURIComponent(JSON.stringify(eventData)));
    parts.push('ad=' + encodeURIComponent(JSON.stringify(automaticData())));
    if (Object.keys(partnerData).length > 0) parts.push('pd=' + encodeURIComponent(JSON.stringify(partnerData)));
    parts.push('cb=' + Date.now());

    var image = new Image(1, 1);
    pendingImages.push(image);
    image.onload = image.onerror = function () {
      pendingImages.splice(pendingImages.indexOf(image), 1);
    };
    image.src = BEACON_URL + '?' + parts.join('&');
  }

  function fire(eventName, eventData) {
    if (!consented) return;
    if (tagIds.length === 0) {
      console.warn('[pinpair testkit tag] ' + eventName + ' before pintrk("load", tagId) is dropped.');
      return;
    }
    tagIds.forEach(function (tagId) { sendBeacon(tagId, eventName, eventData); });
  }

  function handle(args) {
    var command = args[0];
    if (command === 'load') {
      var tagId = String(args[1] || '');
      if (!tagId) {
        console.warn('[pinpair testkit tag] pintrk("load") needs a tag id.');
        return undefined;
      }
      return mergePartnerData(args[2]).then(function () {
        if (tagIds.indexOf(tagId) === -1) tagIds.push(tagId);
        if (consented) sendBeacon(tagId, 'init', undefined);
      });
    }
    if (command === 'page') {
      fire('pagevisit', args[1]);
      return undefined;
    }
    if (command === 'track') {
      fire(wireName(args[1]), args[2]);
      return undefined;
    }
    if (command === 'set') return mergePartnerData(args[1]);
    if (command === 'setconsent') {
      consented = args[1] !== false && args[1] !== 'false';
      return undefined;
    }
    console.warn('[pinpair testkit tag] unknown command ' + String(command) + ' is ignored.');
    return undefined;
  }

  function pintrk() {
    var args = Array.prototype.slice.call(arguments);
    chain = chain.then(function () { return handle(args); }).catch(function (error) {
      console.error('[pinpair testkit tag] ' + String(args[0]) + ' failed', error);
    });
  }
  pintrk.queue = [];
  pintrk.version = '3.0';
  pintrk.pinpairFake = true;

  var queued = previous && previous.queue ? Array.prototype.slice.call(previous.queue) : [];
  if (previous && previous.partnerData) {
    chain = chain.then(function () { return mergePartnerData(previous.partnerData); });
  }
  window.pintrk = pintrk;
  // Code that kept a reference to the stub still reaches the tag through the stub's queue.
  if (previous && previous.queue) {
    previous.queue.push = function (args) { pintrk.apply(null, Array.prototype.slice.call(args)); return 0; };
  }
  queued.forEach(function (args) { pintrk.apply(null, Array.prototype.slice.call(args)); });
})();
`;
}
