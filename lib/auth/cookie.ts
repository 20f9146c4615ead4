/** The sign-in cookie's name (shared by the session code, the proxy and the page benchmark). */
export const SESSION_COOKIE = 'triggerboard_session';
