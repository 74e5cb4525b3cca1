-- Where a stored file came from and what checked it: the task and file field a staff member
-- uploaded it for (null for the customers' tracking link), and the scanner(s) that passed it
-- (`none` when no scanner was configured), so files stored before a scanner was added can be
-- found and scanned again.
ALTER TABLE attachments
  ADD COLUMN task_id    text,
  ADD COLUMN field      text,
  ADD COLUMN scanned_by text;
