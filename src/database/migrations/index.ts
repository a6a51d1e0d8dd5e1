// Migrations in the order they apply. Add new ones at the end; never edit one that has shipped.
import { InitialSchema1763856000000 } from './1763856000000-initial-schema';
import { TaskLinksAndMailLog1763942400000 } from './1763942400000-task-links-and-mail-log';

export const MIGRATIONS = [InitialSchema1763856000000, TaskLinksAndMailLog1763942400000];
