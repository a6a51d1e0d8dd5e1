// PostgreSQL returns numeric and bigint as strings to avoid precision loss; money here fits a
// double (two decimals, < 1e15), so columns convert at the edge.
import type { ValueTransformer } from 'typeorm';

export const numericTransformer: ValueTransformer = {
  to: (v: number | null | undefined) => v,
  from: (v: string | null) => (v === null || v === undefined ? v : Number(v)),
};
