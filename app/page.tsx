import { redirect } from 'next/navigation';

/** The dashboard opens on Sessions. */
export default function HomePage(): never {
  redirect('/sessions');
}
