import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { ORGANISATION_KINDS, type OrganisationKind } from '../../common/domain/vocabulary';
import { Organisation } from '../organisations/organisation.entity';
import { User } from '../users/user.entity';
import type { Answers, QuestionnaireDefinition, ReadinessResult } from './questionnaire.model';

/**
 * A version of the readiness questionnaire (UPJ step 3), stored as data. Rows are never changed
 * once a check refers to them: a new version is a new row, made active by a migration. Exactly one
 * active version per organisation kind (partial unique index).
 */
@Entity('readiness_questionnaires')
@Index('readiness_questionnaires_kind_version_key', ['kind', 'version'], { unique: true })
@Index('readiness_questionnaires_one_active_per_kind', ['kind'], { unique: true, where: '"active"' })
export class ReadinessQuestionnaire {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'enum', enum: ORGANISATION_KINDS, enumName: 'organisation_kind' })
  kind: OrganisationKind;

  /** e.g. 'nonprofit.v1' */
  @Column({ type: 'text' })
  version: string;

  @Column({ type: 'jsonb' })
  definition: QuestionnaireDefinition;

  @Column({ type: 'boolean', default: false })
  active: boolean;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}

/** One submitted readiness check: the answers and their scored result. Each submission is a new row; the latest counts. */
@Entity('readiness_checks')
@Index('readiness_checks_organisation_created_idx', ['organisationId', 'createdAt'])
export class ReadinessCheck {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  organisationId: string;

  @ManyToOne(() => Organisation, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: Organisation;

  @Index('readiness_checks_questionnaire_id_idx')
  @Column({ type: 'uuid' })
  questionnaireId: string;

  @ManyToOne(() => ReadinessQuestionnaire, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'questionnaire_id' })
  questionnaire?: ReadinessQuestionnaire;

  @Column({ type: 'jsonb' })
  answers: Answers;

  @Column({ type: 'jsonb' })
  result: ReadinessResult;

  /** result.overall.score, as a column for reports. */
  @Column({ type: 'smallint' })
  overallScore: number;

  /** Who submitted it (null once that user is deleted). */
  @Column({ type: 'uuid', nullable: true })
  completedBy: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'completed_by' })
  completedByUser?: User;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}
