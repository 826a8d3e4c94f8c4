-- water: the first and last month with samples (first days, YYYY-MM-01
-- text; NULL without samples). No parameters.
SELECT strftime(min(sampled_at), '%Y-%m-01'), strftime(max(sampled_at), '%Y-%m-01') FROM water_sample;
