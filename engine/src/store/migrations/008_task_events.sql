-- Live inbox: every change of a task is announced (NOTIFY, on the schema's own channel) so each
-- engine can push it to the signed-in users who may see the task. Delivered after commit only.
CREATE FUNCTION caseway_task_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('caseway_tasks:' || current_schema(), json_build_object(
    'id', NEW.id, 'instanceId', NEW.instance_id, 'nodeId', NEW.node_id, 'status', NEW.status,
    'assignee', NEW.assignee, 'candidateGroups', NEW.candidate_groups,
    'candidateUsers', NEW.candidate_users, 'priority', NEW.priority,
    'change', CASE WHEN TG_OP = 'INSERT' THEN 'created' ELSE 'updated' END,
    -- who could see it before: a claimed task must leave the others' inboxes too
    'previous', CASE WHEN TG_OP = 'UPDATE' THEN json_build_object('assignee', OLD.assignee,
      'candidateGroups', OLD.candidate_groups, 'candidateUsers', OLD.candidate_users) END)::text);
  RETURN NULL;
END $$;
CREATE TRIGGER tasks_notify AFTER INSERT OR UPDATE OF status, assignee, candidate_groups, candidate_users, priority
  ON tasks FOR EACH ROW EXECUTE FUNCTION caseway_task_notify();
