import { ApiProperty } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsDefined, IsEmail, IsString, Length, MaxLength, ValidateNested } from 'class-validator';
import { IsNestedObject } from '../../../common/http/validation';
import { EX_EMAIL, EX_JWT, EX_NAME } from '../../../common/examples';
import { CreateOrganisationDto, ORGANISATION_EXAMPLES } from '../../organisations/dto/organisation-input.dto';
import { OrganisationDto } from '../../organisations/dto/organisation.dto';
import { UserDto } from '../../users/dto/user.dto';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, PasswordRule } from '../password-policy';

const normaliseEmail = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);

export class LoginDto {
  @ApiProperty({ example: EX_EMAIL.nonprofitUser })
  @Transform(normaliseEmail) @IsEmail() @MaxLength(254)
  email: string;

  @ApiProperty({ minLength: 1, maxLength: 200, example: 'Umzug-im-Maerz-2027' })
  @IsString() @Length(1, 200)
  password: string;
}

export class SignupDto {
  @ApiProperty({ example: EX_EMAIL.nonprofitUser })
  @Transform(normaliseEmail) @IsEmail() @MaxLength(254)
  email: string;

  @ApiProperty({
    minLength: PASSWORD_MIN_LENGTH,
    example: 'Umzug-im-Maerz-2027',
    maxLength: PASSWORD_MAX_LENGTH,
    description:
      'At least 10 characters; not one character repeated, not the e-mail address or its part before the @, not one of the most common passwords ' +
      '(field errors `repeatedCharacter`, `containsEmail`, `commonPassword`). No rules about digits or symbols: a few unrelated words make a good password.',
  })
  @PasswordRule('commonPassword') @PasswordRule('containsEmail', 'email') @PasswordRule('repeatedCharacter')
  @IsString() @Length(PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH)
  password: string;

  @ApiProperty({ minLength: 2, maxLength: 120, example: EX_NAME.nonprofitUser })
  @IsString() @Length(2, 120)
  displayName: string;

  @ApiProperty({ type: CreateOrganisationDto, description: 'The organisation you sign up for; you become its first member.' })
  @IsDefined({ message: 'organisation is required: the organisation you sign up for' }) @IsNestedObject() @ValidateNested() @Type(() => CreateOrganisationDto)
  organisation: CreateOrganisationDto;
}

/** Sign-up bodies for both kinds (the composed schema example would mix them). */
export const SIGNUP_EXAMPLES = {
  nonprofit: {
    summary: 'A nonprofit: the Jugendhaus am Hallschlag',
    value: { email: EX_EMAIL.nonprofitUser, password: 'Umzug-im-Maerz-2027', displayName: EX_NAME.nonprofitUser, organisation: ORGANISATION_EXAMPLES.nonprofit },
  },
  company: {
    summary: 'A company: the Autohaus Remsblick',
    value: { email: EX_EMAIL.companyUser, password: 'Werkstatt-hilft-2027', displayName: EX_NAME.companyUser, organisation: ORGANISATION_EXAMPLES.company },
  },
};

export class TokenDto {
  @ApiProperty({ example: EX_JWT, description: 'JWT; send as Authorization: Bearer <accessToken>.' }) accessToken: string;
  @ApiProperty({ example: 'Bearer' }) tokenType: 'Bearer';
  @ApiProperty({ example: 43200, description: 'Lifetime in seconds (JWT_EXPIRES_IN).' }) expiresIn: number;
}

export class SignupResultDto extends TokenDto {
  @ApiProperty({ type: UserDto }) user: UserDto;
  @ApiProperty({ type: OrganisationDto }) organisation: OrganisationDto;
}

export class MeDto {
  @ApiProperty({ type: UserDto }) user: UserDto;
  @ApiProperty({ type: OrganisationDto, nullable: true }) organisation: OrganisationDto | null;
}
