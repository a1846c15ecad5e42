from trainertui.cli import main

raise SystemExit(main())
