-- The dirty_day marks (dataset 'air') an incremental transform run took
-- when it filled air_touched_hour: the run clears only these marks, so a
-- file that lands while the run is in progress keeps its mark for the next
-- run (sql/transform/air/touched_marks.sql, dirty_clear_touched.sql).
CREATE TABLE IF NOT EXISTS air_touched_mark (
    file_id BIGINT NOT NULL,
    day     DATE NOT NULL
);
