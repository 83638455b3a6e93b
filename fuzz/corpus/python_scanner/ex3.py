from mytool.cli import main

raise SystemExit(main())
