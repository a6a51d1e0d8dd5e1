// multer's refusals on the intake route (Nest turns them into HttpExceptions: 413 "File too large",
// 400 "Unexpected field", "Too many files", "Unexpected end of form", …) as the API's problems
// naming `file` and the rule, rendered by the global ErrorFilter like every other error.
import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException } from '@nestjs/common';
import { AppError, EdgeErrorCode } from '../../common/app-error';
import { ErrorFilter } from '../../common/error.filter';
import { validationFailed } from '../../common/validation';
import { INTAKE_MAX_BYTES } from './intake.dto';

export function translateUploadError(err: unknown): unknown {
  if (!(err instanceof HttpException)) return err;
  const status = err.getStatus();
  if (status === 413) {
    return new AppError(EdgeErrorCode.PAYLOAD_TOO_LARGE, `The file is larger than ${INTAKE_MAX_BYTES / 1024 / 1024} MB`, { limitBytes: INTAKE_MAX_BYTES }, [
      { field: 'file', rule: 'maxSize', message: `file must be at most ${INTAKE_MAX_BYTES / 1024 / 1024} MB (${INTAKE_MAX_BYTES} bytes)` },
    ]);
  }
  if (status === 400) {
    return validationFailed([{ field: 'file', rule: 'multipart', message: `file must be sent as one file in the multipart/form-data field "file" (${err.message})` }]);
  }
  return err;
}

@Catch()
export class UploadErrorsFilter implements ExceptionFilter {
  private readonly render = new ErrorFilter();

  catch(err: unknown, host: ArgumentsHost): void {
    this.render.catch(translateUploadError(err), host);
  }
}
