/** Who can be signed in. Candidates use kiosks; staff roles use recruiter laptops. */
export const staffRoles = ['recruiter', 'admin', 'viewer'] as const;
export type StaffRole = (typeof staffRoles)[number];

export const roles = ['candidate', ...staffRoles] as const;
export type Role = (typeof roles)[number];

export type AccountKind = 'candidate' | 'staff';
