// The ledger entity `s2s cutover` journals per customer once Splynx invoices it (`make_invoices`
// 1): what lets cutover resume where it stopped and verify expect invoicing on from then on.
export const CUTOVER_BILLING = 'cutover_billing';
