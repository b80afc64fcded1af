// Product pictures drawn as SVG in each variant's colour, so the example ships no image files.
import type { Product, Variant } from '../catalog.js';
import { escapeHtml } from './html.js';

const COLOURS: Record<string, string> = {
  Sand: '#d6bf9b',
  Slate: '#5d6b78',
  Moss: '#6f7f4f',
  Natural: '#e6d8bd',
  Rust: '#b4552f',
  Navy: '#24345a',
  White: '#f7f5ef',
  Oat: '#d8caa9',
  Charcoal: '#3b3c40',
  Terracotta: '#c46a40',
};

const BACKGROUNDS: Record<string, string> = {
  MUG: '#f1ebe3',
  APRON: '#ece8e1',
  TEE: '#e8edf1',
  'TOTE-NATURAL': '#ece6da',
  THROW: '#efe9e2',
  PLANTER: '#eef0e6',
};

const OUTLINE = 'stroke="#2b2b2b" stroke-opacity="0.18" stroke-width="3"';

/** Renders a 600×600 SVG picture of a product in the variant's colour. */
export function renderProductImage(product: Product, variant: Variant): string {
  const fill = COLOURS[variant.color ?? ''] ?? '#c9c2b8';
  const background = BACKGROUNDS[product.groupId] ?? '#efece7';

  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 600 600" role="img" aria-label="${escapeHtml(`${product.title} ${variant.label}`)}">
  <rect width="600" height="600" fill="${background}"/>
  <ellipse cx="300" cy="500" rx="190" ry="22" fill="#000" fill-opacity="0.07"/>
  ${drawProduct(product.groupId, variant, fill)}
</svg>`;
}

function drawProduct(groupId: string, variant: Variant, fill: string): string {
  switch (groupId) {
    case 'MUG':
      return `<path d="M370 250 h30 a60 60 0 0 1 0 120 h-30" fill="none" stroke="${fill}" stroke-width="26"/>
  <path d="M190 190 h190 v250 a40 40 0 0 1 -40 40 h-110 a40 40 0 0 1 -40 -40 z" fill="${fill}" ${OUTLINE}/>
  <rect x="190" y="190" width="190" height="22" fill="#fff" fill-opacity="0.25"/>`;

    case 'APRON':
      return `<path d="M240 110 q60 -40 120 0" fill="none" stroke="${fill}" stroke-width="12"/>
  <path d="M240 110 h120 v90 l90 40 v230 a30 30 0 0 1 -30 30 h-240 a30 30 0 0 1 -30 -30 v-230 l90 -40 z" fill="${fill}" ${OUTLINE}/>
  <path d="M150 250 h-70 M450 250 h70" stroke="${fill}" stroke-width="12" stroke-linecap="round"/>
  <rect x="215" y="330" width="170" height="90" rx="10" fill="#000" fill-opacity="0.08"/>`;

    case 'TEE':
      return `<path d="M220 110 q80 50 160 0 l120 60 -40 100 -50 -20 v240 h-220 v-240 l-50 20 -40 -100 z" fill="${fill}" ${OUTLINE}/>
  <path d="M250 118 q50 35 100 0" fill="none" stroke="#000" stroke-opacity="0.15" stroke-width="6"/>
  <text x="300" y="330" font-family="Georgia, serif" font-size="64" text-anchor="middle" fill="#000" fill-opacity="0.25">${variant.size ?? ''}</text>`;

    case 'THROW':
      return `<rect x="130" y="200" width="340" height="90" rx="22" fill="${fill}" ${OUTLINE}/>
  <rect x="130" y="280" width="340" height="90" rx="22" fill="${fill}" ${OUTLINE}/>
  <rect x="130" y="360" width="340" height="100" rx="22" fill="${fill}" ${OUTLINE}/>
  <path d="M150 460 v30 M180 460 v30 M210 460 v30 M240 460 v30 M270 460 v30 M300 460 v30 M330 460 v30 M360 460 v30 M390 460 v30 M420 460 v30 M450 460 v30" stroke="${fill}" stroke-width="6"/>`;

    case 'PLANTER': {
      const scale = variant.id === 'PLANTER-L' ? 1.15 : 0.9;
      return `<g transform="translate(300 480) scale(${scale}) translate(-300 -480)">
    <path d="M300 250 c-30 -80 -110 -90 -130 -60 c40 10 90 30 130 60 z M300 250 c20 -100 100 -130 130 -100 c-50 20 -100 50 -130 100 z M300 250 v-120" fill="#5f8a4c" stroke="#4d7340" stroke-width="4"/>
    <path d="M200 280 h200 l-30 200 h-140 z" fill="${fill}" ${OUTLINE}/>
    <rect x="185" y="255" width="230" height="40" rx="8" fill="${fill}" ${OUTLINE}/>
  </g>`;
    }

    default:
      return `<path d="M240 220 q60 -120 120 0" fill="none" stroke="${fill}" stroke-width="16"/>
  <path d="M160 220 h280 l-20 260 h-240 z" fill="${fill}" ${OUTLINE}/>
  <rect x="250" y="300" width="100" height="70" rx="6" fill="#000" fill-opacity="0.08"/>`;
  }
}
