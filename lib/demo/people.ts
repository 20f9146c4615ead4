/**
 * Fixture data for the demo: applicants, the browsers they use, and the trigger kwargs a
 * questionnaire front end would send. Everything is deterministic (no randomness), so every
 * fresh database shows the same queue.
 */
import type { Kwargs } from '@/lib/triggers';

export const USER_AGENTS = {
  chromeWindows:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  safariIphone:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
  firefoxLinux: 'Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0',
  chromeAndroid:
    'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.6723.102 Mobile Safari/537.36',
  safariMac:
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_7_1) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
  firefoxWindows: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0',
  // Not browsers: collectBrowserMetadata rejects them.
  curl: 'curl/8.4.0',
  okhttp: 'okhttp/4.12.0',
} as const;

export interface Applicant {
  name: string;
  email: string;
  userAgent: string;
  locale: string;
}

const FIRST = ['Maria', 'Tom', 'Aisha', 'Lukas', 'Chen', 'Priya', 'Jonas', 'Fatima', 'Noah', 'Elena', 'Kwame', 'Sofia', 'Mateo', 'Yuki', 'Olivia', 'Arjun', 'Ingrid', 'Omar', 'Hannah', 'Diego', 'Leila', 'Felix', 'Amara', 'Bruno', 'Nadia'];
const LAST = ['Gonzalez', 'Baker', 'Rahman', 'Weber', 'Wei', 'Nair', 'Lindqvist', 'Haddad', 'Okafor', 'Rossi', 'Mensah', 'Costa', 'Silva', 'Tanaka', 'Brennan', 'Mehta', 'Larsen', 'Farouk', 'Schmidt', 'Alvarez', 'Karimi', 'Novak', 'Eze', 'Moreau', 'Petrova'];
const DOMAINS = ['example.com', 'mail.example.org', 'example.net', 'inbox.example.io'];
const LOCALES = ['en-GB', 'en-US', 'de-DE', 'fr-FR', 'es-ES', 'pt-BR', 'nl-NL'];
const BROWSERS = [
  USER_AGENTS.chromeWindows,
  USER_AGENTS.safariIphone,
  USER_AGENTS.firefoxLinux,
  USER_AGENTS.chromeAndroid,
  USER_AGENTS.safariMac,
  USER_AGENTS.firefoxWindows,
];

/** The n-th applicant of the demo (any n >= 0; names repeat after 625). */
export function applicant(n: number): Applicant {
  const first = FIRST[n % FIRST.length] as string;
  const last = LAST[(n * 7 + 3) % LAST.length] as string;
  return {
    name: `${first} ${last}`,
    email: `${first}.${last}`.toLowerCase() + `@${DOMAINS[n % DOMAINS.length]}`,
    userAgent: BROWSERS[n % BROWSERS.length] as string,
    locale: LOCALES[n % LOCALES.length] as string,
  };
}

/** Applicant n under a given name (for the stories that quote the applicant's address). */
export function named(n: number, name: string): Applicant {
  return { ...applicant(n), name, email: `${name.toLowerCase().replace(/\s+/g, '.')}@example.com` };
}

/** `firstPageReceived`: who is answering, and from which browser. */
export function firstPage(a: Applicant, overrides: Kwargs = {}): Kwargs {
  return {
    subject: { name: a.name, email: a.email },
    userAgent: a.userAgent,
    locale: a.locale,
    ...overrides,
  };
}

const PAGE_QUESTIONS: Record<number, string[]> = {
  1: ['fullName', 'email', 'phone'],
  2: ['currentRole', 'yearsOfExperience', 'noticePeriod'],
  3: ['preferredLocation', 'remoteWork', 'startDate'],
  4: ['communication', 'teamwork', 'reliability'],
  5: ['motivation', 'salaryExpectation'],
  6: ['references', 'consent'],
};

const SAMPLE_ANSWERS = ['Yes', 'No', 'Berlin', 'Lisbon', 'Remote', 'Hybrid', '2 months', '5', '8', 'Team lead', 'Engineer', 'Next quarter'];

/** `pageReceived` for page `page` (1-based) of applicant n; `blank` leaves one question unanswered. */
export function pageAnswers(n: number, page: number, options: { blank?: boolean } = {}): Kwargs {
  const questions = PAGE_QUESTIONS[((page - 1) % 6) + 1] as string[];
  const answers: Record<string, string | null> = {};
  questions.forEach((q, i) => {
    answers[q] = SAMPLE_ANSWERS[(n * 5 + page * 3 + i) % SAMPLE_ANSWERS.length] as string;
  });
  if (options.blank) answers[questions[questions.length - 1] as string] = null;
  return { page, answers };
}

/** The self-assessment scores (0-10) of applicant n. */
export function scores(n: number): Record<string, number> {
  return {
    communication: 4 + ((n * 3) % 7),
    teamwork: 5 + ((n * 5) % 6),
    reliability: 3 + ((n * 2) % 8),
    problemSolving: 4 + ((n * 7) % 7),
  };
}

/** `questionnaireComplete`. */
export function completion(n: number, pages: number, overrides: Kwargs = {}): Kwargs {
  return { pages, scores: scores(n), ...overrides };
}
