-- Sessions that existed before the journal (0005) have state but no events: keep that state as a
-- checkpoint at event 0, so the journal's replay starts from it instead of from nothing.
INSERT INTO "session_checkpoints" ("session_uid", "seq", "state")
SELECT s."uid", 0, jsonb_build_object(
  'tasks', coalesce((
    SELECT jsonb_agg(jsonb_build_object('name', t."name", 'run', t."run", 'after', t."after", 'unless', t."unless",
                                        'andEvery', t."and_every", 'using', t."using", 'withParams', t."with_params", 'extra', t."extra")
                     ORDER BY t."position")
    FROM "session_tasks" t WHERE t."session_uid" = s."uid"), '[]'::jsonb),
  'instances', coalesce((
    SELECT jsonb_agg(jsonb_build_object('name', i."name", 'task', i."task", 'status', i."status", 'kwargs', i."kwargs",
                                        'abandonState', i."abandon_state", 'metadata', i."metadata")
                     ORDER BY i."created_at", i."task", i."seq")
    FROM "task_instances" i WHERE i."session_uid" = s."uid"), '[]'::jsonb),
  'latestKwargs', coalesce((
    SELECT jsonb_object_agg(tr."trigger", tr."kwargs") FROM "session_triggers" tr WHERE tr."session_uid" = s."uid"), '{}'::jsonb))
FROM "sessions" s
WHERE s."event_count" = 0 AND (s."task_count" > 0 OR s."instance_count" > 0)
ON CONFLICT DO NOTHING;
