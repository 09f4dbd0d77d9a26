-- When each pending report's Hangfire job was queued. A worker killed between recording a report and queueing its
-- job leaves the row pending with no job; the sweeper now finds such rows (queued_at null) within minutes instead of
-- treating every report pending for 15 minutes as lost. Numbered after 0011_runtime_role.sql on main.
alter table explanations add column queued_at timestamptz null;

-- Reports pending now were queued by the code before this column existed.
update explanations set queued_at = requested_at where state = 'pending';
