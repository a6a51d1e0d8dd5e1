// Requests and answers of /api/session: the web app's sign-in with a token, the signed-in user
// and the CSRF token it sends back on every state-changing request.
import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { LOCALES, type Locale } from '../directory/locale';

export class SignInDto {
  @ApiProperty({ minLength: 1, maxLength: 512, description: 'An API token (in development, a demo user\'s dev token such as dev-alice)' })
  @IsString({ message: 'token must be a string' })
  @Length(1, 512, { message: 'token must be 1 to 512 characters' })
  token: string;
}

export class SessionUserView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() username: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ type: [String] }) roles: string[];
  @ApiProperty({ enum: LOCALES, description: "The user's language, or the organisation's default when they chose none" }) locale: Locale;
}

export class SessionView {
  @ApiProperty({ type: SessionUserView }) user: SessionUserView;
  @ApiProperty({ description: 'Send it as the X-CSRF-Token header on every POST, PUT, PATCH and DELETE made with the session cookie' })
  csrfToken: string;
}

export class DemoUserView {
  @ApiProperty() username: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ type: [String] }) roles: string[];
  @ApiProperty({ description: 'The dev token to sign in with (development only)' }) token: string;
}
