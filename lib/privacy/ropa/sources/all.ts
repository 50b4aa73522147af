import type { TActivitySource } from "../registry";
import { channelsSource } from "./channels";
import { consentSource } from "./consent";
import { coreSource } from "./core";

/**
 * Every source of processing activities, in the order the record lists them.
 * A new feature (AI drafting, voice, commerce integrations): one module beside
 * this file and one line here; the page and the exports pick it up.
 */
export const ACTIVITY_SOURCES: readonly TActivitySource[] = [channelsSource, coreSource, consentSource];
