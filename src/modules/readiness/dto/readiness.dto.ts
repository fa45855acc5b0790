import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsObject, IsOptional, IsString, MaxLength } from 'class-validator';
import { ORGANISATION_KINDS, type OrganisationKind } from '../../../common/domain/vocabulary';
import { PageQueryDto } from '../../../common/http/pagination';
import { LEVELS, QUESTION_TYPES, type AnswerValue, type Level, type QuestionType } from '../questionnaire.model';

export class I18nDto {
  @ApiProperty({ example: 'Ziele der Kooperation' }) de: string;
  @ApiProperty({ example: 'Goals of the cooperation' }) en: string;
}

export class ChoiceOptionDto {
  @ApiProperty({ example: 'planned' }) id: string;
  @ApiProperty({ type: I18nDto }) label: I18nDto;
  @ApiProperty({ minimum: 0 }) points: number;
  @ApiPropertyOptional({ description: 'Only this option may be chosen (multi-choice).' }) exclusive?: boolean;
  @ApiPropertyOptional({ type: I18nDto, description: 'Recommendation given when this option is chosen.' }) recommendation?: I18nDto;
}

export class YesNoSideDto {
  @ApiProperty({ minimum: 0 }) points: number;
  @ApiPropertyOptional({ type: I18nDto }) recommendation?: I18nDto;
}

export class ScaleRecommendationDto {
  @ApiProperty({ description: 'Given when the answer is below this value.' }) below: number;
  @ApiProperty({ type: I18nDto }) text: I18nDto;
}

/** One question; which fields are present depends on `type`. */
export class QuestionDto {
  @ApiProperty({ example: 'goals.concreteness', description: 'The key of its answer in `answers`.' }) id: string;
  @ApiProperty({ example: 'goals' }) dimension: string;
  @ApiProperty({ enum: QUESTION_TYPES }) type: QuestionType;
  @ApiProperty({ type: I18nDto }) text: I18nDto;
  @ApiPropertyOptional({ type: I18nDto }) help?: I18nDto;
  @ApiProperty() required: boolean;
  @ApiPropertyOptional({ type: ChoiceOptionDto, isArray: true, description: 'single-choice, multi-choice: answer with option id(s).' }) options?: ChoiceOptionDto[];
  @ApiPropertyOptional({ description: 'multi-choice: the summed points are capped here.' }) maxPoints?: number;
  @ApiPropertyOptional({ description: 'scale: lowest whole number.' }) min?: number;
  @ApiPropertyOptional({ description: 'scale: highest whole number.' }) max?: number;
  @ApiPropertyOptional({ type: I18nDto }) minLabel?: I18nDto;
  @ApiPropertyOptional({ type: I18nDto }) maxLabel?: I18nDto;
  @ApiPropertyOptional({ type: ScaleRecommendationDto }) recommendation?: ScaleRecommendationDto;
  @ApiPropertyOptional({ type: YesNoSideDto, description: 'yes-no: answer true.' }) yes?: YesNoSideDto;
  @ApiPropertyOptional({ type: YesNoSideDto, description: 'yes-no: answer false.' }) no?: YesNoSideDto;
  @ApiPropertyOptional({ description: 'text: maximum length.' }) maxLength?: number;
  @ApiPropertyOptional({ description: 'text: points for a non-empty answer.' }) pointsIfAnswered?: number;
  @ApiPropertyOptional({ type: I18nDto }) recommendationIfEmpty?: I18nDto;
}

export class DimensionRecommendationsDto {
  @ApiProperty({ type: I18nDto, isArray: true }) low: I18nDto[];
  @ApiProperty({ type: I18nDto, isArray: true }) medium: I18nDto[];
}

export class DimensionDto {
  @ApiProperty({ example: 'goals' }) id: string;
  @ApiProperty({ type: I18nDto }) title: I18nDto;
  @ApiProperty({ type: I18nDto }) description: I18nDto;
  @ApiProperty({ type: I18nDto }) strength: I18nDto;
  @ApiProperty({ type: DimensionRecommendationsDto }) recommendations: DimensionRecommendationsDto;
}

export class ThresholdsDto {
  @ApiProperty({ example: 40 }) medium: number;
  @ApiProperty({ example: 75 }) high: number;
}

export class QuestionnaireDefinitionDto {
  @ApiProperty({ enum: ORGANISATION_KINDS }) kind: OrganisationKind;
  @ApiProperty({ example: 'nonprofit.v1' }) version: string;
  @ApiProperty({ type: I18nDto }) title: I18nDto;
  @ApiProperty({ type: I18nDto }) intro: I18nDto;
  @ApiProperty({ type: ThresholdsDto }) thresholds: ThresholdsDto;
  @ApiProperty({ type: DimensionDto, isArray: true }) dimensions: DimensionDto[];
  @ApiProperty({ type: QuestionDto, isArray: true }) questions: QuestionDto[];
}

export class QuestionnaireDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ORGANISATION_KINDS }) kind: OrganisationKind;
  @ApiProperty({ example: 'nonprofit.v1' }) version: string;
  @ApiProperty() active: boolean;
  @ApiProperty({ type: QuestionnaireDefinitionDto }) definition: QuestionnaireDefinitionDto;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
}

export class QuestionnaireKindParam {
  @ApiProperty({ enum: ORGANISATION_KINDS })
  @IsIn(ORGANISATION_KINDS)
  kind: OrganisationKind;
}

const ANSWERS_EXAMPLE = {
  'goals.purpose': ['extend-services', 'helping-hands'],
  'goals.concreteness': 'planned',
  'resources.capacity': 4,
  'contact.responsible': true,
  'contact.name': 'Anna Schneider, Vorstand',
};

export class SubmitReadinessDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: { oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }, { type: 'integer' }, { type: 'boolean' }] },
    example: ANSWERS_EXAMPLE,
    description:
      'One answer per question id of the active questionnaire: single-choice an option id, multi-choice a list of option ids, scale a whole number, yes-no true/false, text a string. Unknown questions, wrong options and missing required answers fail with field errors `answers.<questionId>`.',
  })
  @IsObject()
  answers: Record<string, AnswerValue>;

  @ApiPropertyOptional({ example: 'nonprofit.v1', description: 'The version the answers were given to; refused (400) when it is no longer the active one.' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  version?: string;
}

export class DimensionResultDto {
  @ApiProperty({ example: 'goals' }) id: string;
  @ApiProperty({ type: I18nDto }) title: I18nDto;
  @ApiProperty({ minimum: 0, maximum: 100 }) score: number;
  @ApiProperty({ enum: LEVELS }) level: Level;
  @ApiProperty() points: number;
  @ApiProperty() maxPoints: number;
}

export class OverallDto {
  @ApiProperty({ minimum: 0, maximum: 100 }) score: number;
  @ApiProperty({ enum: LEVELS }) level: Level;
}

export class StrengthDto {
  @ApiProperty() dimension: string;
  @ApiProperty() score: number;
  @ApiProperty() de: string;
  @ApiProperty() en: string;
}

export class RecommendationDto {
  @ApiProperty() dimension: string;
  @ApiProperty({ type: String, nullable: true, description: 'The answer that triggered it; null for the dimension\'s general advice.' }) questionId: string | null;
  @ApiProperty() de: string;
  @ApiProperty() en: string;
}

export class ReadinessResultDto {
  @ApiProperty({ example: 'nonprofit.v1' }) questionnaireVersion: string;
  @ApiProperty({ type: OverallDto }) overall: OverallDto;
  @ApiProperty({ type: DimensionResultDto, isArray: true }) dimensions: DimensionResultDto[];
  @ApiProperty({ type: StrengthDto, isArray: true, description: 'Dimensions at level high, best first.' }) strengths: StrengthDto[];
  @ApiProperty({ type: RecommendationDto, isArray: true, description: 'Weakest dimension first: advice triggered by answers, then the dimension\'s general advice.' })
  recommendations: RecommendationDto[];
}

export class ReadinessCheckDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) organisationId: string;
  @ApiProperty({ format: 'uuid' }) questionnaireId: string;
  @ApiProperty({ example: 'nonprofit.v1' }) questionnaireVersion: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The answers as stored (texts trimmed, options in questionnaire order).' })
  answers: Record<string, AnswerValue>;
  @ApiProperty({ type: ReadinessResultDto }) result: ReadinessResultDto;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) completedBy: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
}

export class DimensionScoreDto {
  @ApiProperty() id: string;
  @ApiProperty() score: number;
  @ApiProperty({ enum: LEVELS }) level: Level;
}

export class ReadinessCheckSummaryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'nonprofit.v1' }) questionnaireVersion: string;
  @ApiProperty({ type: OverallDto }) overall: OverallDto;
  @ApiProperty({ type: DimensionScoreDto, isArray: true }) dimensions: DimensionScoreDto[];
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) completedBy: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
}

export class ReadinessHistorySummaryDto {
  @ApiProperty({ description: 'Number of checks submitted.' }) count: number;
  @ApiProperty({ type: String, format: 'date-time' }) firstAt: Date;
  @ApiProperty({ type: ReadinessCheckSummaryDto, isArray: true, description: 'The latest checks (at most 5), newest first; all of them under /history.' })
  recent: ReadinessCheckSummaryDto[];
}

export class ReadinessOverviewDto {
  @ApiProperty({ format: 'uuid' }) organisationId: string;
  @ApiProperty({ description: 'UPJ step 3 is done (a check was submitted).' }) done: boolean;
  @ApiProperty({ type: ReadinessCheckDto, description: 'The latest check: the one that counts.' }) latest: ReadinessCheckDto;
  @ApiProperty({ type: ReadinessHistorySummaryDto }) history: ReadinessHistorySummaryDto;
}

export class ReadinessHistoryQueryDto extends PageQueryDto {}

export class ReadinessHistoryPageDto {
  @ApiProperty({ type: ReadinessCheckSummaryDto, isArray: true }) items: ReadinessCheckSummaryDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}
