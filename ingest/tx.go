package ingest

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"

	"github.com/envdisclose/envdisclose/store"
)

// rawFunc runs f with the driver connection underneath a transaction.
type rawFunc func(f func(dc driver.Conn) error) error

// inTx runs f in one transaction on a dedicated connection and commits
// when f succeeds. raw gives f the driver connection of that same
// connection, so an Arrow view registered through it is visible to the
// statements of tx. (store.Raw cannot be used for this: database/sql locks
// the connection for the whole Raw callback, so tx could not run inside it.)
func inTx(ctx context.Context, st *store.Store, f func(tx *sql.Tx, raw rawFunc) error) (err error) {
	c, err := st.DB.Conn(ctx)
	if err != nil {
		return fmt.Errorf("get connection: %w", err)
	}
	defer c.Close()
	tx, err := c.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin transaction: %w", err)
	}
	defer func() {
		if err != nil {
			_ = tx.Rollback()
		}
	}()
	raw := func(g func(dc driver.Conn) error) error {
		var gerr error
		if err := c.Raw(func(dc any) error {
			d, ok := dc.(driver.Conn)
			if !ok {
				return errors.New("not a driver.Conn")
			}
			gerr = g(d)
			return nil
		}); err != nil {
			return err
		}
		return gerr
	}
	if err = f(tx, raw); err != nil {
		return err
	}
	if err = tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}
