import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/env';
import { AppError } from '../../common/errors/error-codes';
import { OrganisationsService } from '../organisations/organisations.service';
import { UsersService } from '../users/users.service';
import { Actor } from './actor';
import { LoginDto, MeDto, SignupDto, SignupResultDto, TokenDto } from './dto/auth.dto';
import { dummyHash, verifyPassword } from './password';

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };
export const durationSeconds = (d: string) => Number(d.slice(0, -1)) * UNIT_SECONDS[d.slice(-1)];

@Injectable()
export class AuthService implements OnModuleInit {
  private readonly logger = new Logger(AuthService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jwt: JwtService,
    private readonly users: UsersService,
    private readonly organisations: OrganisationsService,
  ) {}

  /** The dummy hash is made at start, so the first login with an unknown e-mail does not take twice as long. */
  async onModuleInit(): Promise<void> {
    await dummyHash();
  }

  /** Organisation and first member in one transaction: both exist, or neither. */
  async signup(dto: SignupDto): Promise<SignupResultDto> {
    const { user, organisation } = await this.dataSource.transaction(async (manager) => {
      const organisation = await this.organisations.create(manager, dto.organisation, 'organisation.');
      const user = await this.users.create(manager, { ...dto, organisationId: organisation.id });
      return { user, organisation };
    });
    this.logger.log({ userId: user.id, organisationId: organisation.id, kind: organisation.kind }, 'signup');
    return {
      ...(await this.token(user.id)),
      user: this.users.toDto(user, organisation.kind),
      organisation: this.organisations.toDto(organisation, true),
    };
  }

  async login(dto: LoginDto): Promise<TokenDto> {
    const user = await this.users.findForLogin(dto.email);
    // Compare against a dummy hash when the account is unknown: same work, same timing.
    const ok = await verifyPassword(dto.password, user?.passwordHash ?? (await dummyHash()));
    if (!user || !ok) {
      this.logger.warn({ email: dto.email }, 'failed login');
      throw new AppError('INVALID_CREDENTIALS', 'E-mail or password is wrong.');
    }
    return this.token(user.id);
  }

  async me(actor: Actor): Promise<MeDto> {
    const user = await this.users.get(actor.userId);
    const org = user.organisation ?? null;
    return { user: this.users.toDto(user, org?.kind ?? null), organisation: org ? this.organisations.toDto(org, true) : null };
  }

  async token(userId: string): Promise<TokenDto> {
    const expiresIn = durationSeconds(this.config.JWT_EXPIRES_IN);
    return { accessToken: await this.jwt.signAsync({ sub: userId }, { expiresIn }), tokenType: 'Bearer', expiresIn };
  }
}
