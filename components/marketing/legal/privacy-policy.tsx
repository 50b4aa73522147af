import { ABOUT_SECTIONS } from "./privacy/about";
import { RIGHTS_SECTIONS } from "./privacy/rights";
import { SHARING_SECTIONS } from "./privacy/sharing";
import { USE_SECTIONS } from "./privacy/use";
import type { TLegalSection } from "./legal-document";

/** Section order is the reading order; ids are link targets from other pages (e.g. #retention). */
export const PRIVACY_SECTIONS: readonly TLegalSection[] = [...ABOUT_SECTIONS, ...USE_SECTIONS, ...SHARING_SECTIONS, ...RIGHTS_SECTIONS];
