-- polluters (LoadRoster): the enterprise rows to merge into enterprise
-- (TEMP roster_ent_merge): roster_ent_stage plus key_category (air, water
-- or air+water), from the roster's items and the outlets found in the
-- statistics file. No parameters.
CREATE OR REPLACE TEMP TABLE roster_ent_merge AS
SELECT s.*,
       CASE WHEN (s.air_items IS NOT NULL OR EXISTS (SELECT 1 FROM roster_outlet_stage o WHERE o.enterprise_id = s.enterprise_id AND o.medium = 'gas'))
             AND (s.water_items IS NOT NULL OR EXISTS (SELECT 1 FROM roster_outlet_stage o WHERE o.enterprise_id = s.enterprise_id AND o.medium = 'water')) THEN 'air+water'
            WHEN s.air_items IS NOT NULL OR EXISTS (SELECT 1 FROM roster_outlet_stage o WHERE o.enterprise_id = s.enterprise_id AND o.medium = 'gas') THEN 'air'
            WHEN s.water_items IS NOT NULL OR EXISTS (SELECT 1 FROM roster_outlet_stage o WHERE o.enterprise_id = s.enterprise_id AND o.medium = 'water') THEN 'water'
       END AS key_category
FROM roster_ent_stage s;
