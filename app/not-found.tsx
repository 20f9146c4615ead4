import Link from 'next/link';

export default function NotFound() {
  return (
    <div className="rounded-lg border border-zinc-200 bg-white px-6 py-12 text-center">
      <h1 className="text-base font-semibold text-zinc-900">Page not found</h1>
      <p className="mt-1 text-sm text-zinc-600">
        <Link href="/sessions" className="font-medium text-zinc-900 underline underline-offset-4">
          Back to sessions
        </Link>
      </p>
    </div>
  );
}
