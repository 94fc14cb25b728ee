// Every plain collection the simulator serves, by collection path.
import type { ResourceDef } from '../model.js';
import { administrators, locations, partners } from './administration.js';
import { inventoryStocks, labels, taxes } from './config.js';
import { customers } from './customers.js';
import {
  invoices,
  paymentMethods,
  payments,
  transactionCategories,
  transactions,
} from './finance.js';
import { items, products, suppliers, vendors } from './inventory.js';
import { ipv4Networks, ipv6Networks } from './networking.js';
import { internetTariffs, oneTimeTariffs, recurringTariffs } from './tariffs.js';

export const COLLECTIONS: readonly ResourceDef[] = [
  partners,
  locations,
  administrators,
  labels,
  inventoryStocks,
  taxes,
  internetTariffs,
  recurringTariffs,
  oneTimeTariffs,
  ipv4Networks,
  ipv6Networks,
  vendors,
  products,
  suppliers,
  items,
  customers,
  transactions,
  transactionCategories,
  paymentMethods,
  invoices,
  payments,
];

export const COLLECTIONS_BY_PATH: ReadonlyMap<string, ResourceDef> = new Map(
  COLLECTIONS.map((d) => [d.path, d]),
);

/** Collections Splynx serves read-only through the API. */
export const READ_ONLY_PATHS: ReadonlySet<string> = new Set([taxes.path]);
