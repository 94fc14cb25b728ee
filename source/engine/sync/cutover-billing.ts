// What `s2s cutover` journals: a marker before its first write (`cutover:started`), then one
// record per customer once Splynx invoices it (`make_invoices` 1). They let an interrupted
// cutover continue with the customers not done yet, and tell verify that invoicing is on, or may
// be on where a crash came between Splynx's answer and the journal.
export const CUTOVER = 'cutover';
export const CUTOVER_STARTED = 'started';
export const CUTOVER_BILLING = 'cutover_billing';
