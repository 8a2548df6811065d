/**
 * Who can be signed in. Candidates use kiosks; recruiters, admins and
 * viewers use recruiter laptops; proctors run sittings at kiosks
 * (shared/domain/proctoring.ts) and see nothing of the results.
 */
export const staffRoles = ['recruiter', 'admin', 'viewer', 'proctor'] as const;
export type StaffRole = (typeof staffRoles)[number];

export const roles = ['candidate', ...staffRoles] as const;
export type Role = (typeof roles)[number];

export type AccountKind = 'candidate' | 'staff';
