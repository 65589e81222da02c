"""Advisors' tools: profiles (``profile``), client folders and rosters (``clients``), batch plans
(``batch``), roles ranked for one person (``match``) and the rows both report (``records``)."""
