-- HJ 212-2017 data flags with their meanings.
SELECT flag, name_zh, name_en, kind, counts_as_valid, is_mdc FROM emission_std_flag
ORDER BY position(flag IN 'NFMSDCTB'), flag
