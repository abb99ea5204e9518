-- A running power task's controller says it is alive every few seconds; a task whose controller stopped
-- saying so (killed, host lost) is ended as failed by any other controller instead of staying "running".
ALTER TABLE tasks ADD COLUMN heartbeat_at BIGINT;
