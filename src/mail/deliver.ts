// What the mail notifier's deliver() takes (src/mail/mail-notifier.ts: claim per event and
// recipient, render after the claim, send, mark), for the mail modules it hands it to, and the
// contract page link those mails carry.
import type { Person } from './mail-data.repository';
import type { RenderedMail } from './templates/mail.props';

export interface DeliverRequest {
  eventKey: string;
  kind: string;
  recipient: Person;
  contractId: string;
  taskId: string | null;
  revision: number;
  stepKey: string | null;
  render: () => Promise<{ mail: RenderedMail; linkId: string | null }>;
}

export type Deliver = (opts: DeliverRequest) => Promise<{ sent: boolean; reason?: string }>;

/** The contract's page in the web app, the link of mails that ask nothing of their reader. */
export function contractPageUrl(baseUrl: string, contractId: string): string {
  return new URL(`contracts/${encodeURIComponent(contractId)}`, baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`).toString();
}
