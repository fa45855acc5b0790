import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { AppError } from '../../common/errors/error-codes';
import { isPgError, PG_UNIQUE_VIOLATION } from '../../common/errors/pg';
import { rolesOf } from '../auth/actor';
import { hashPassword } from '../auth/password';
import { DistrictsService } from '../districts/districts.service';
import type { OrganisationKind } from '../../common/domain/vocabulary';
import { UserDto } from './dto/user.dto';
import { User } from './user.entity';

@Injectable()
export class UsersService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly districts: DistrictsService,
  ) {}

  toDto(user: User, organisationKind: OrganisationKind | null): UserDto {
    return {
      id: user.id,
      email: user.email,
      displayName: user.displayName,
      organisationId: user.organisationId,
      roles: rolesOf({ organisationKind, isAdmin: user.isAdmin, organiserDistrictIds: user.organiserDistrictIds }),
      organiserDistrictIds: user.organiserDistrictIds,
      createdAt: user.createdAt,
    };
  }

  async get(id: string): Promise<User> {
    const user = await this.users.findOne({ where: { id }, relations: { organisation: true } });
    if (!user) throw new AppError('USER_NOT_FOUND', `User ${id} does not exist.`);
    return user;
  }

  /** For login: the user with its password hash. */
  findForLogin(email: string): Promise<User | null> {
    return this.users.createQueryBuilder('u').addSelect('u.passwordHash').where('u.email = :email', { email }).getOne();
  }

  async create(
    manager: EntityManager,
    input: { email: string; password: string; displayName: string; organisationId: string | null; isAdmin?: boolean },
  ): Promise<User> {
    const passwordHash = await hashPassword(input.password);
    try {
      const user = manager.create(User, {
        email: input.email.trim().toLowerCase(),
        passwordHash,
        displayName: input.displayName,
        organisationId: input.organisationId,
        isAdmin: input.isAdmin ?? false,
        organiserDistrictIds: [],
      });
      return await manager.save(user);
    } catch (err) {
      if (isPgError(err, PG_UNIQUE_VIOLATION)) // Signup necessarily tells a taken address apart (it answers a new account with its token);
      // the hash above was computed either way, and the rate limits bound the guessing (README).
      throw new AppError('EMAIL_TAKEN', 'This e-mail address cannot be used for a new account. If it is yours, log in.');
      throw err;
    }
  }

  async setOrganiserDistricts(userId: string, districtIds: string[]): Promise<User> {
    const user = await this.get(userId);
    await this.districts.assertExist(districtIds, 'districtIds');
    user.organiserDistrictIds = districtIds;
    return this.users.save(user);
  }
}
