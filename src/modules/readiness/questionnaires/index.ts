import type { OrganisationKind } from '../../../common/domain/vocabulary';
import type { QuestionnaireDefinition } from '../questionnaire.model';
import { COMPANY_V1 } from './company.v1';
import { NONPROFIT_V1 } from './nonprofit.v1';

export { COMPANY_V1, NONPROFIT_V1 };

/** Every questionnaire version ever shipped (frozen), oldest first. */
export const QUESTIONNAIRES: readonly QuestionnaireDefinition[] = [NONPROFIT_V1, COMPANY_V1];

/** The version the migrations make active for each kind (kept in step with the latest migration). */
export const ACTIVE_VERSION: Record<OrganisationKind, string> = { nonprofit: 'nonprofit.v1', company: 'company.v1' };
