import { Body, Controller, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../../common/errors/problem.dto';
import type { Actor } from './actor';
import { AuthService } from './auth.service';
import { CurrentActor, Public } from './decorators';
import { LoginDto, MeDto, SIGNUP_EXAMPLES, SignupDto, SignupResultDto, TokenDto } from './dto/auth.dto';
import { LoginThrottlerGuard } from './login-throttler';

@ApiTags('auth')
@Controller({ version: '1' })
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('auth/signup')
  @Public()
  @UseGuards(LoginThrottlerGuard)
  @ApiOperation({ summary: 'Sign up as the first member of a nonprofit or a company' })
  @ApiBody({ type: SignupDto, examples: SIGNUP_EXAMPLES })
  @ApiCreatedResponse({ type: SignupResultDto })
  @ApiProblems('VALIDATION_FAILED', 'EMAIL_TAKEN', 'RATE_LIMITED', 'SERVICE_UNAVAILABLE')
  signup(@Body() dto: SignupDto): Promise<SignupResultDto> {
    return this.auth.signup(dto);
  }

  @Post('auth/login')
  @Public()
  @HttpCode(200)
  @UseGuards(LoginThrottlerGuard)
  @ApiOperation({ summary: 'Log in; attempts are rate-limited per client and e-mail, and per client' })
  @ApiOkResponse({ type: TokenDto })
  @ApiProblems('VALIDATION_FAILED', 'INVALID_CREDENTIALS', 'RATE_LIMITED', 'SERVICE_UNAVAILABLE')
  login(@Body() dto: LoginDto): Promise<TokenDto> {
    return this.auth.login(dto);
  }

  @Get('me')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The signed-in user, its roles and its organisation' })
  @ApiOkResponse({ type: MeDto })
  @ApiProblems('UNAUTHENTICATED')
  me(@CurrentActor() actor: Actor): Promise<MeDto> {
    return this.auth.me(actor);
  }
}
