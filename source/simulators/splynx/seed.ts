// A fresh Splynx install (§10.3): partner and location "Main", the super-administrator, the
// default payment methods and transaction categories (ids as on the live instance), two stocks
// and two taxes (their exact values are not known; these are plausible).
import { defaultValue } from './coerce.js';
import type { SplynxDb } from './db.js';
import { administrators, locations, partners } from './definitions/administration.js';
import { inventoryStocks, taxes } from './definitions/config.js';
import { paymentMethods, transactionCategories } from './definitions/finance.js';
import type { ResourceDef } from './model.js';

function seedRow(
  db: SplynxDb,
  def: ResourceDef,
  id: number,
  values: Record<string, unknown>,
): void {
  const row: Record<string, unknown> = {};
  for (const f of def.fields) if (f.name !== 'id') row[f.name] = defaultValue(f);
  db.table(def.table).insert({ ...row, ...values }, id);
}

export function seed(db: SplynxDb, admin: { login: string; password: string }): void {
  seedRow(db, partners, 1, { name: 'Main' });
  seedRow(db, locations, 1, { name: 'Main' });
  seedRow(db, administrators, 1, {
    login: admin.login,
    password: admin.password,
    name: 'Main Admin',
    email: 'admin1@splynx.com',
    role_name: 'super-administrator',
    partner_id: 0,
    last_ip: '',
  });
  const methods: Array<[number, string, string, string]> = [
    [1, 'Cash', 'Payer', ''],
    [2, 'Bank transfer', 'Account', 'Transaction ID'],
    [3, 'Credit card', 'Number', 'Transaction ID'],
    [5, 'Other', '', ''],
    [6, 'Refill card', 'Card', ''],
  ];
  for (const [id, name, name1, name2] of methods) {
    seedRow(db, paymentMethods, id, { name, is_active: '1', name_1: name1, name_2: name2 });
  }
  ['Service', 'Discount', 'Payment', 'Refund', 'Correction'].forEach((name, i) => {
    seedRow(db, transactionCategories, i + 1, { name, is_base: '1' });
  });
  seedRow(db, inventoryStocks, 1, { name: 'Main stock' });
  seedRow(db, inventoryStocks, 2, { name: 'Service stock' });
  seedRow(db, taxes, 1, { name: 'VAT', rate: '20.0000' });
  seedRow(db, taxes, 2, { name: 'Zero rate', rate: '0.0000' });
}
