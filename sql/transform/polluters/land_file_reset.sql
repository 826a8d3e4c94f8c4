-- polluters: forget polluter_file_id after Land. No parameters.
RESET VARIABLE polluter_file_id;
