/**
 * The demo's task handlers: the default task module, which the dashboard, the embedded runner
 * and `npm run worker` load when TASKS_MODULE names no other (lib/runtime/task-module.ts).
 * Register each by the name that configurations use in `run`.
 *
 * To add a task: write a handler `(ctx) => result` (see lib/tasks/questionnaire.ts), declare the
 * zod schemas of its kwargs and result (lib/tasks/questionnaire-schemas.ts), register it below,
 * and name it in a configuration's `run` directive.
 */
import { TaskRegistry } from '@/lib/triggers';
import {
  collectBrowserMetadata,
  importResponses,
  importSubject,
  scoreQuestionnaire,
  sendReminder,
  syncCrm,
} from './questionnaire';
import * as schemas from './questionnaire-schemas';

export function createTaskRegistry(): TaskRegistry {
  return new TaskRegistry()
    .register('importSubject', importSubject, { kwargs: schemas.importSubjectKwargs, result: schemas.importSubjectResult })
    .register('importResponses', importResponses, { kwargs: schemas.importResponsesKwargs, result: schemas.importResponsesResult })
    .register('collectBrowserMetadata', collectBrowserMetadata, {
      kwargs: schemas.collectBrowserMetadataKwargs,
      result: schemas.collectBrowserMetadataResult,
    })
    .register('scoreQuestionnaire', scoreQuestionnaire, { kwargs: schemas.scoreQuestionnaireKwargs, result: schemas.scoreQuestionnaireResult })
    .register('syncCrm', syncCrm, { kwargs: schemas.syncCrmKwargs, result: schemas.syncCrmResult, maxRetries: 4 })
    .register('sendReminder', sendReminder, { kwargs: schemas.sendReminderKwargs, result: schemas.sendReminderResult });
}

/** The demo's questionnaire workflow, configured on every demo session. */
export const QUESTIONNAIRE_WORKFLOW = {
  t_importSubject: { after: ['firstPageReceived', 'questionnaireComplete'], run: 'importSubject' },
  t_importResponses: { after: ['t_importSubject'], andEvery: 'pageReceived', run: 'importResponses' },
  t_collectBrowserMetadata: { after: ['firstPageReceived'], unless: ['isEmbeddedApplication'], run: 'collectBrowserMetadata' },
  t_scoreQuestionnaire: {
    after: ['t_importSubject', 'questionnaireComplete'],
    run: 'scoreQuestionnaire',
    withParams: { scoring: { model: 'baseline-v2', passMark: 60 } },
  },
  t_syncCrm: {
    after: ['t_scoreQuestionnaire'],
    run: 'syncCrm',
    withParams: { crm: { failuresBeforeSuccess: 2, cooldownSeconds: 5 } },
  },
  t_sendReminder: { after: ['reminderDue'], run: 'sendReminder' },
};
