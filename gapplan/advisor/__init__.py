"""Advisors' tools: profiles (``profile``), client folders and rosters (``clients``), batch plans
(``batch``, its processes' signals in ``signals``), roles ranked for one person (``match``) and the rows
both report (``records``)."""
