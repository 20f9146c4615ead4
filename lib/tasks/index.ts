/**
 * The application's task handlers: register each by the name that configurations use in `run`.
 * The dashboard, the embedded runner and `npm run worker` all load this one registry.
 *
 * To add a task: write a handler `(ctx) => result` (see lib/tasks/questionnaire.ts), register it
 * below, and name it in a configuration's `run` directive.
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

export function createTaskRegistry(): TaskRegistry {
  return new TaskRegistry()
    .register('importSubject', importSubject)
    .register('importResponses', importResponses)
    .register('collectBrowserMetadata', collectBrowserMetadata)
    .register('scoreQuestionnaire', scoreQuestionnaire)
    .register('syncCrm', syncCrm, { maxRetries: 4 })
    .register('sendReminder', sendReminder);
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
