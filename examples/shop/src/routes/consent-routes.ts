// Consent routes: the privacy page, and the banner's form post for browsers without JavaScript
// (with JavaScript the browser package writes the same cookie itself).
import { CONSENT_COOKIE, type Consent, serializeConsent } from '@pinpair/core';
import { type Request, Router } from 'express';
import { type RenderPage, readConsent } from '../render.js';
import { renderPrivacyPage } from '../views/consent.js';

/** The consent cookie lives as long as the browser package writes it for. */
const CONSENT_MAX_AGE_MS = 365 * 24 * 3600 * 1000;

/** Creates the consent routes. */
export function createConsentRoutes(render: RenderPage): Router {
  const router = Router();

  router.get('/privacy', (req, res) => {
    render(req, res, {
      title: 'Privacy choices',
      body: renderPrivacyPage(readConsent(req), req.query.saved === '1'),
    });
  });

  router.post('/consent', (req, res) => {
    const consent = consentFromForm(req.body ?? {});
    res.cookie(CONSENT_COOKIE, serializeConsent(consent), {
      sameSite: 'lax',
      secure: req.secure,
      path: '/',
      maxAge: CONSENT_MAX_AGE_MS,
    });
    res.redirect(303, returnPath(req));
  });

  return router;
}

function consentFromForm(body: Record<string, unknown>): Consent {
  const state = (granted: boolean) => (granted ? 'granted' : 'denied');
  if (body.choice === 'accept') return { advertising: 'granted', analytics: 'granted' };
  if (body.choice === 'reject') return { advertising: 'denied', analytics: 'denied' };
  return {
    advertising: state(body.advertising === 'granted'),
    analytics: state(body.analytics === 'granted'),
  };
}

/** Sends the shopper back where the form was, but only to a path on this shop. */
function returnPath(req: Request): string {
  const requested = typeof req.body?.return_to === 'string' ? req.body.return_to : '';
  if (requested === '/privacy') return '/privacy?saved=1';

  const referer = req.get('referer');
  if (referer && URL.canParse(referer)) {
    const url = new URL(referer);
    const path = `${url.pathname}${url.search}`;
    if (url.host === req.get('host') && isLocalPath(path)) return path;
  }
  return '/';
}

// A path such as //evil.example/x is a URL of another host to the browser that follows the redirect.
function isLocalPath(path: string): boolean {
  return path.startsWith('/') && !path.startsWith('//') && !path.startsWith('/\\');
}
