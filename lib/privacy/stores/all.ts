import { checkStores, type TDataStore } from "../registry";
import { accountStore } from "./account";
import { attachmentsStore } from "./attachments";
import { auditReferencesStore } from "./audit-references";
import { contactIdentitiesStore } from "./contact-identities";
import { consentRecordsStore } from "./consent-records";
import { contactsStore } from "./contacts";
import { conversationsStore } from "./conversations";
import { deliveryLogsStore } from "./delivery-logs";
import { messagesStore } from "./messages";
import { optInsStore } from "./opt-ins";
import { privacyRequestsStore } from "./privacy-requests";
import { webhookEventsStore } from "./webhook-events";

/**
 * Every data store, in ERASURE ORDER: a store that finds its rows through
 * another store's rows comes before it (delivery logs through webhook events,
 * attachments through messages, everything through the contact). Exports use
 * the same list. A new store: one module beside this file, one line here.
 */
export const DATA_STORES: readonly TDataStore[] = checkStores([
  deliveryLogsStore,
  webhookEventsStore,
  attachmentsStore,
  messagesStore,
  conversationsStore,
  optInsStore,
  contactIdentitiesStore,
  contactsStore,
  accountStore,
  consentRecordsStore,
  privacyRequestsStore,
  auditReferencesStore,
]);

export function dataStore(name: string): TDataStore {
  const store = DATA_STORES.find((s) => s.name === name);
  if (!store) throw new Error(`Unknown privacy store: ${name}`);
  return store;
}
