import { SessionLoading } from '@/components/session/session-loading';

export default SessionLoading;
