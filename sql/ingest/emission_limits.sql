-- Outlet-pollutant pairs with a limit (any version): a value of another
-- pollutant is stored but noted as not evaluated.
SELECT DISTINCT outlet_code, pollutant FROM outlet_limit;
