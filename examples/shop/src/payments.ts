// A simulated payment provider: it approves or declines a charge on the server, as a real provider's
// API or webhook would, without any card data or network call.
import { randomUUID } from 'node:crypto';

/** The outcomes a shopper may pick on the checkout form, like a provider's test cards. */
export const SIMULATED_OUTCOMES = ['approve', 'decline'] as const;

/** One simulated outcome. */
export type SimulatedOutcome = (typeof SIMULATED_OUTCOMES)[number];

/** A charge for one order. */
export interface ChargeRequest {
  orderId: string;
  /** Decimal string, such as `"72.00"`. */
  amount: string;
  currency: string;
  outcome: SimulatedOutcome;
}

/** Result of a charge. */
export type ChargeResult =
  | { status: 'succeeded'; paymentId: string }
  | { status: 'declined'; reason: string };

/** Charges orders. The shop reports a conversion only after `succeeded`. */
export interface PaymentProvider {
  charge(request: ChargeRequest): Promise<ChargeResult>;
}

/**
 * Creates the simulated provider: it approves unless the shopper chose the decline outcome.
 *
 * @example
 * const result = await createSimulatedPaymentProvider().charge({ orderId, amount: '24.00', currency: 'USD', outcome: 'approve' });
 */
export function createSimulatedPaymentProvider(): PaymentProvider {
  return {
    async charge(request) {
      if (request.outcome === 'decline') {
        return { status: 'declined', reason: 'The card was declined (simulated decline).' };
      }
      return { status: 'succeeded', paymentId: `pay_${randomUUID().replaceAll('-', '')}` };
    },
  };
}
