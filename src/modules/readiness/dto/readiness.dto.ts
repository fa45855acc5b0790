import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsObject, IsOptional, IsString, MaxLength } from 'class-validator';
import { ORGANISATION_KINDS, type OrganisationKind } from '../../../common/domain/vocabulary';
import { PageQueryDto } from '../../../common/http/pagination';
import { LEVELS, QUESTION_TYPES, type AnswerValue, type Level, type QuestionType } from '../questionnaire.model';
import { EX_ID, exCursor } from '../../../common/examples';
import { ANSWERS_EXAMPLE, CHOICE_QUESTION, DIMENSION_EXAMPLE, QUESTIONNAIRE_EXAMPLE, RESULT_EXAMPLE, SCALE_QUESTION, STORED_ANSWERS_EXAMPLE, YES_NO_QUESTION } from './readiness.examples';

export class I18nDto {
  @ApiProperty({ example: 'Ziele der Kooperation' }) de: string;
  @ApiProperty({ example: 'Goals of the cooperation' }) en: string;
}

export class ChoiceOptionDto {
  @ApiProperty({ example: 'planned' }) id: string;
  @ApiProperty({ type: I18nDto, example: CHOICE_QUESTION.options[0].label }) label: I18nDto;
  @ApiProperty({ minimum: 0, example: CHOICE_QUESTION.options[0].points }) points: number;
  @ApiPropertyOptional({ example: false, description: 'Only this option may be chosen (multi-choice).' }) exclusive?: boolean;
  @ApiPropertyOptional({ type: I18nDto, example: CHOICE_QUESTION.options[0].recommendation, description: 'Recommendation given when this option is chosen.' }) recommendation?: I18nDto;
}

export class YesNoSideDto {
  @ApiProperty({ minimum: 0, example: YES_NO_QUESTION.no.points }) points: number;
  @ApiPropertyOptional({ type: I18nDto, example: YES_NO_QUESTION.no.recommendation }) recommendation?: I18nDto;
}

export class ScaleRecommendationDto {
  @ApiProperty({ example: SCALE_QUESTION.recommendation!.below, description: 'Given when the answer is below this value.' }) below: number;
  @ApiProperty({ type: I18nDto, example: SCALE_QUESTION.recommendation!.text }) text: I18nDto;
}

/** One question; which fields are present depends on `type`. */
export class QuestionDto {
  @ApiProperty({ example: 'goals.concreteness', description: 'The key of its answer in `answers`.' }) id: string;
  @ApiProperty({ example: 'goals' }) dimension: string;
  @ApiProperty({ enum: QUESTION_TYPES, example: 'single-choice' }) type: QuestionType;
  @ApiProperty({ type: I18nDto, example: CHOICE_QUESTION.text }) text: I18nDto;
  @ApiPropertyOptional({ type: I18nDto }) help?: I18nDto;
  @ApiProperty({ example: true }) required: boolean;
  @ApiPropertyOptional({ type: ChoiceOptionDto, isArray: true, example: CHOICE_QUESTION.options, description: 'single-choice, multi-choice: answer with option id(s).' }) options?: ChoiceOptionDto[];
  @ApiPropertyOptional({ example: 2, description: 'multi-choice: the summed points are capped here.' }) maxPoints?: number;
  @ApiPropertyOptional({ example: SCALE_QUESTION.min, description: 'scale: lowest whole number.' }) min?: number;
  @ApiPropertyOptional({ example: SCALE_QUESTION.max, description: 'scale: highest whole number.' }) max?: number;
  @ApiPropertyOptional({ type: I18nDto, example: SCALE_QUESTION.minLabel }) minLabel?: I18nDto;
  @ApiPropertyOptional({ type: I18nDto, example: SCALE_QUESTION.maxLabel }) maxLabel?: I18nDto;
  @ApiPropertyOptional({ type: ScaleRecommendationDto }) recommendation?: ScaleRecommendationDto;
  @ApiPropertyOptional({ type: YesNoSideDto, example: YES_NO_QUESTION.yes, description: 'yes-no: answer true.' }) yes?: YesNoSideDto;
  @ApiPropertyOptional({ type: YesNoSideDto, example: YES_NO_QUESTION.no, description: 'yes-no: answer false.' }) no?: YesNoSideDto;
  @ApiPropertyOptional({ example: 1000, description: 'text: maximum length.' }) maxLength?: number;
  @ApiPropertyOptional({ example: 1, description: 'text: points for a non-empty answer.' }) pointsIfAnswered?: number;
  @ApiPropertyOptional({ type: I18nDto }) recommendationIfEmpty?: I18nDto;
}

export class DimensionRecommendationsDto {
  @ApiProperty({ type: I18nDto, isArray: true, example: DIMENSION_EXAMPLE.recommendations.low }) low: I18nDto[];
  @ApiProperty({ type: I18nDto, isArray: true, example: DIMENSION_EXAMPLE.recommendations.medium }) medium: I18nDto[];
}

export class DimensionDto {
  @ApiProperty({ example: 'goals' }) id: string;
  @ApiProperty({ type: I18nDto, example: DIMENSION_EXAMPLE.title }) title: I18nDto;
  @ApiProperty({ type: I18nDto, example: DIMENSION_EXAMPLE.description }) description: I18nDto;
  @ApiProperty({ type: I18nDto, example: DIMENSION_EXAMPLE.strength }) strength: I18nDto;
  @ApiProperty({ type: DimensionRecommendationsDto }) recommendations: DimensionRecommendationsDto;
}

export class ThresholdsDto {
  @ApiProperty({ example: 40 }) medium: number;
  @ApiProperty({ example: 75 }) high: number;
}

export class QuestionnaireDefinitionDto {
  @ApiProperty({ enum: ORGANISATION_KINDS, example: 'nonprofit' }) kind: OrganisationKind;
  @ApiProperty({ example: 'nonprofit.v1' }) version: string;
  @ApiProperty({ type: I18nDto, example: QUESTIONNAIRE_EXAMPLE.title }) title: I18nDto;
  @ApiProperty({ type: I18nDto, example: QUESTIONNAIRE_EXAMPLE.intro }) intro: I18nDto;
  @ApiProperty({ type: ThresholdsDto }) thresholds: ThresholdsDto;
  @ApiProperty({ type: DimensionDto, isArray: true, example: QUESTIONNAIRE_EXAMPLE.dimensions }) dimensions: DimensionDto[];
  @ApiProperty({ type: QuestionDto, isArray: true, example: QUESTIONNAIRE_EXAMPLE.questions }) questions: QuestionDto[];
}

export class QuestionnaireDto {
  @ApiProperty({ format: 'uuid', example: EX_ID.questionnaire }) id: string;
  @ApiProperty({ enum: ORGANISATION_KINDS, example: 'nonprofit' }) kind: OrganisationKind;
  @ApiProperty({ example: 'nonprofit.v1' }) version: string;
  @ApiProperty({ example: true }) active: boolean;
  @ApiProperty({ type: QuestionnaireDefinitionDto }) definition: QuestionnaireDefinitionDto;
  @ApiProperty({ type: String, format: 'date-time', example: '2026-03-02T08:00:00.000Z' }) createdAt: Date;
}

export class QuestionnaireKindParam {
  @ApiProperty({ enum: ORGANISATION_KINDS, example: 'nonprofit' })
  @IsIn(ORGANISATION_KINDS)
  kind: OrganisationKind;
}

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
  @ApiProperty({ type: I18nDto, example: RESULT_EXAMPLE.dimensions[0].title }) title: I18nDto;
  @ApiProperty({ minimum: 0, maximum: 100, example: RESULT_EXAMPLE.dimensions[0].score }) score: number;
  @ApiProperty({ enum: LEVELS, example: RESULT_EXAMPLE.dimensions[0].level }) level: Level;
  @ApiProperty({ example: RESULT_EXAMPLE.dimensions[0].points }) points: number;
  @ApiProperty({ example: RESULT_EXAMPLE.dimensions[0].maxPoints }) maxPoints: number;
}

export class OverallDto {
  @ApiProperty({ minimum: 0, maximum: 100, example: RESULT_EXAMPLE.overall.score }) score: number;
  @ApiProperty({ enum: LEVELS, example: RESULT_EXAMPLE.overall.level }) level: Level;
}

export class StrengthDto {
  @ApiProperty({ example: RESULT_EXAMPLE.strengths[0]?.dimension }) dimension: string;
  @ApiProperty({ example: RESULT_EXAMPLE.strengths[0]?.score }) score: number;
  @ApiProperty({ example: RESULT_EXAMPLE.strengths[0]?.de }) de: string;
  @ApiProperty({ example: RESULT_EXAMPLE.strengths[0]?.en }) en: string;
}

export class RecommendationDto {
  @ApiProperty({ example: RESULT_EXAMPLE.recommendations[0]?.dimension }) dimension: string;
  @ApiProperty({ type: String, nullable: true, example: RESULT_EXAMPLE.recommendations[0]?.questionId, description: 'The answer that triggered it; null for the dimension\'s general advice.' }) questionId: string | null;
  @ApiProperty({ example: RESULT_EXAMPLE.recommendations[0]?.de }) de: string;
  @ApiProperty({ example: RESULT_EXAMPLE.recommendations[0]?.en }) en: string;
}

export class ReadinessResultDto {
  @ApiProperty({ example: 'nonprofit.v1' }) questionnaireVersion: string;
  @ApiProperty({ type: OverallDto }) overall: OverallDto;
  @ApiProperty({ type: DimensionResultDto, isArray: true, example: RESULT_EXAMPLE.dimensions }) dimensions: DimensionResultDto[];
  @ApiProperty({ type: StrengthDto, isArray: true, example: RESULT_EXAMPLE.strengths, description: 'Dimensions at level high, best first.' }) strengths: StrengthDto[];
  @ApiProperty({ type: RecommendationDto, isArray: true, example: RESULT_EXAMPLE.recommendations, description: 'Weakest dimension first: advice triggered by answers, then the dimension\'s general advice.' })
  recommendations: RecommendationDto[];
}

export class ReadinessCheckDto {
  @ApiProperty({ format: 'uuid', example: EX_ID.readinessCheck }) id: string;
  @ApiProperty({ format: 'uuid', example: EX_ID.nonprofit }) organisationId: string;
  @ApiProperty({ format: 'uuid', example: EX_ID.questionnaire }) questionnaireId: string;
  @ApiProperty({ example: 'nonprofit.v1' }) questionnaireVersion: string;
  @ApiProperty({ type: 'object', additionalProperties: true, example: STORED_ANSWERS_EXAMPLE, description: 'The answers as stored (texts trimmed, options in questionnaire order).' })
  answers: Record<string, AnswerValue>;
  @ApiProperty({ type: ReadinessResultDto }) result: ReadinessResultDto;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, example: EX_ID.nonprofitUser }) completedBy: string | null;
  @ApiProperty({ type: String, format: 'date-time', example: '2026-12-10T15:40:00.000Z' }) createdAt: Date;
}

export class DimensionScoreDto {
  @ApiProperty({ example: 'goals' }) id: string;
  @ApiProperty({ example: RESULT_EXAMPLE.dimensions[0].score }) score: number;
  @ApiProperty({ enum: LEVELS, example: RESULT_EXAMPLE.dimensions[0].level }) level: Level;
}

export class ReadinessCheckSummaryDto {
  @ApiProperty({ format: 'uuid', example: EX_ID.readinessCheck }) id: string;
  @ApiProperty({ example: 'nonprofit.v1' }) questionnaireVersion: string;
  @ApiProperty({ type: OverallDto }) overall: OverallDto;
  @ApiProperty({ type: DimensionScoreDto, isArray: true, example: RESULT_EXAMPLE.dimensions.map(({ id, score, level }) => ({ id, score, level })) }) dimensions: DimensionScoreDto[];
  @ApiProperty({ type: String, format: 'uuid', nullable: true, example: EX_ID.nonprofitUser }) completedBy: string | null;
  @ApiProperty({ type: String, format: 'date-time', example: '2026-12-10T15:40:00.000Z' }) createdAt: Date;
}

export class ReadinessHistorySummaryDto {
  @ApiProperty({ example: 1, description: 'Number of checks submitted.' }) count: number;
  @ApiProperty({ type: String, format: 'date-time', example: '2026-12-10T15:40:00.000Z' }) firstAt: Date;
  @ApiProperty({ type: ReadinessCheckSummaryDto, isArray: true, description: 'The latest checks (at most 5), newest first; all of them under /history.' })
  recent: ReadinessCheckSummaryDto[];
}

export class ReadinessOverviewDto {
  @ApiProperty({ format: 'uuid', example: EX_ID.nonprofit }) organisationId: string;
  @ApiProperty({ example: true, description: 'UPJ step 3 is done (a check was submitted).' }) done: boolean;
  @ApiProperty({ type: ReadinessCheckDto, description: 'The latest check: the one that counts.' }) latest: ReadinessCheckDto;
  @ApiProperty({ type: ReadinessHistorySummaryDto }) history: ReadinessHistorySummaryDto;
}

export class ReadinessHistoryQueryDto extends PageQueryDto {}

export class ReadinessHistoryPageDto {
  @ApiProperty({ type: ReadinessCheckSummaryDto, isArray: true }) items: ReadinessCheckSummaryDto[];
  @ApiProperty({ type: String, nullable: true, example: exCursor('-createdAt', '2026-12-10T15:40:00.000Z', EX_ID.readinessCheck) }) nextCursor: string | null;
}
