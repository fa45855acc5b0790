import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsOptional, IsString, Length, Max, MaxLength, Min } from 'class-validator';
import { COOPERATION_STATUSES, type CooperationStatus } from '../cooperation.machine';
import { COOPERATION_SIDES, type CooperationSide } from '../implementation.entity';
import { EX_ID, EX_TIME } from '../../../common/examples';

export class CreateEvaluationDto {
  @ApiProperty({ minimum: 1, maximum: 5, example: 5, description: '1 (poor) to 5 (excellent).' })
  @IsInt() @Min(1) @Max(5)
  rating: number;

  @ApiProperty({ minLength: 3, maxLength: 5000, example: 'Klare Absprachen, pünktliche Helfer, die Jugendlichen haben mitgepackt.' })
  @IsString() @Length(3, 5000)
  whatWorked: string;

  @ApiPropertyOptional({ maxLength: 5000, example: 'Früher über Parkplätze für die Transporter sprechen.' })
  @IsOptional() @IsString() @MaxLength(5000)
  whatToImprove?: string;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 0, example: 45, description: 'Outcome: people reached (mostly the nonprofit\'s answer).' })
  @IsOptional() @IsInt() @Min(0) @Max(100_000_000)
  peopleReached?: number | null;

  @ApiPropertyOptional({ maxLength: 5000, example: 'Der Jugendtreff hat zwei Wochen früher geöffnet.' })
  @IsOptional() @IsString() @MaxLength(5000)
  outcomes?: string;

  @ApiProperty({ example: true })
  @IsBoolean()
  wouldCooperateAgain: boolean;
}


export class EvaluationDto {
  @ApiProperty({ format: 'uuid', example: EX_ID.evaluation }) id: string;
  @ApiProperty({ format: 'uuid', example: EX_ID.nonprofit }) organisationId: string;
  @ApiProperty({ enum: COOPERATION_SIDES, example: 'nonprofit' }) side: CooperationSide;
  @ApiProperty({ minimum: 1, maximum: 5, example: 5 }) rating: number;
  @ApiProperty({ example: 'Klare Absprachen, pünktliche Helfer, die Jugendlichen haben mitgepackt.' }) whatWorked: string;
  @ApiProperty({ example: 'Früher über Parkplätze für die Transporter sprechen.' }) whatToImprove: string;
  @ApiProperty({ type: Number, nullable: true, example: 45 }) peopleReached: number | null;
  @ApiProperty({ example: 'Der Jugendtreff hat zwei Wochen früher geöffnet.' }) outcomes: string;
  @ApiProperty({ example: true }) wouldCooperateAgain: boolean;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, example: EX_ID.nonprofitUser }) submittedByUserId: string | null;
  @ApiProperty({ type: String, format: 'date-time', example: EX_TIME.evaluated }) createdAt: Date;
}

export class EvaluationListDto {
  @ApiProperty({ enum: COOPERATION_STATUSES, example: 'completed' }) status: CooperationStatus;
  @ApiProperty({ type: EvaluationDto, isArray: true, description: 'The evaluations the reader may see.' }) items: EvaluationDto[];
  @ApiProperty({ enum: COOPERATION_SIDES, isArray: true, example: ['nonprofit'], description: 'Sides that have answered.' }) answered: CooperationSide[];
  @ApiProperty({
    enum: COOPERATION_SIDES,
    isArray: true,
    example: [],
    description: 'Sides whose answer is held back from you: a party sees the other side\'s evaluation only after answering itself, or once the window closed.',
  })
  hidden: CooperationSide[];
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: EX_TIME.evaluationDue, description: 'Both sides were asked to evaluate then.' }) evaluationDueAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: EX_TIME.evaluationCloses, description: 'The window closes then; the cooperation counts as evaluated with what was answered.' })
  evaluationClosesAt: Date | null;
}
