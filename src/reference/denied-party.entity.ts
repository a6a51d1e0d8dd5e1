// One entry of the denied-party list (table denied_parties): a name and its aliases, looked up by
// the normalised keys of all of them (name_keys, computed by src/domain/rules/party-name.ts; an
// entry whose keys_version is older is re-keyed before the next lookup).
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('denied_parties')
export class DeniedPartyEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  /** A stable identity for idempotent loading: the source list's own id, or 'customer:<registration number>'. */
  @Column({ name: 'entry_key', type: 'text', unique: true }) entryKey: string;
  @Column({ type: 'text' }) name: string;
  @Column({ type: 'text', array: true, default: () => "'{}'" }) aliases: string[];
  @Column({ type: 'text', nullable: true }) country: string | null;
  @Column({ type: 'text' }) source: string;
  @Column({ type: 'text', nullable: true }) note: string | null;
  @Column({ name: 'listed_at', type: 'timestamptz', default: () => 'now()' }) listedAt: Date;
  @Column({ name: 'name_keys', type: 'text', array: true, default: () => "'{}'" }) nameKeys: string[];
  @Column({ name: 'keys_version', type: 'int', default: 0 }) keysVersion: number;
}
