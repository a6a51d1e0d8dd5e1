// The demo product catalogue: what the seed loads and what tests price contracts against.
import type { Product } from './contract.types';

export const DEMO_PRODUCTS: Product[] = [
  { sku: 'GL-LIC-STD', name: 'Greenlight licence', listPrice: 10000, floorPrice: 8500, taxRatePercent: 6, leadTimeDays: 0 },
  { sku: 'GL-SUP-PRM', name: 'Premium support (1 year)', listPrice: 50000, floorPrice: 45000, taxRatePercent: 6, leadTimeDays: 0 },
  { sku: 'GL-HW-SRV', name: 'Server appliance', listPrice: 120000, floorPrice: 100000, taxRatePercent: 13, leadTimeDays: 21 },
  { sku: 'GL-SVC-IMP', name: 'Implementation day', listPrice: 8000, floorPrice: 7000, taxRatePercent: 6, leadTimeDays: 14 },
];

/** Rules look products up by SKU. */
export function productsBySku(products: readonly Product[]): Record<string, Product> {
  return Object.fromEntries(products.map((p) => [p.sku, p]));
}
